#!/usr/bin/env bash
# A tour of the four services with curl: every call the README shows, in order, with its answer.
# Start the services first (see README: ./firebreak dev <svc> for each, or the packaged jars);
# override the addresses with MESSAGING=, PAYMENT=, TAXI=, STATUS=. Re-runnable: ids get a suffix.
set -euo pipefail
MESSAGING="${MESSAGING:-http://127.0.0.1:8081}"
PAYMENT="${PAYMENT:-http://127.0.0.1:8082}"
TAXI="${TAXI:-http://127.0.0.1:8083}"
STATUS="${STATUS:-http://127.0.0.1:8084}"
S="$(date +%s)"
JSON=(-H 'Content-Type: application/json')

show() { echo; echo "\$ $*"; "$@"; echo; }

echo "== payment-svc: wallets and money =="
show curl -s -X PUT "$PAYMENT/wallets/alice-$S"
show curl -s -X PUT "$PAYMENT/wallets/bob-$S"
show curl -s -X POST "$PAYMENT/wallets/alice-$S/top-ups" "${JSON[@]}" -H "Idempotency-Key: topup-$S" -d '{"amount": 50000}'
show curl -s -X POST "$PAYMENT/transfers" "${JSON[@]}" -H "Idempotency-Key: tx-$S" \
  -d "{\"fromUserId\": \"alice-$S\", \"toUserId\": \"bob-$S\", \"amount\": 12000, \"memo\": \"dinner\"}"
echo "# the same request again (a retry after a lost answer): same transfer, no second movement"
show curl -s -i -X POST "$PAYMENT/transfers" "${JSON[@]}" -H "Idempotency-Key: tx-$S" \
  -d "{\"fromUserId\": \"alice-$S\", \"toUserId\": \"bob-$S\", \"amount\": 12000, \"memo\": \"dinner\"}"
echo "# more than the wallet holds"
show curl -s -X POST "$PAYMENT/transfers" "${JSON[@]}" -H "Idempotency-Key: tx2-$S" \
  -d "{\"fromUserId\": \"alice-$S\", \"toUserId\": \"bob-$S\", \"amount\": 999999}"
show curl -s "$PAYMENT/wallets/alice-$S"
show curl -s "$PAYMENT/wallets/alice-$S/transactions?limit=2"
show curl -s "$PAYMENT/ledger/audit"

echo "== messaging-svc: chat =="
show curl -s -X PUT "$MESSAGING/users/alice-$S" "${JSON[@]}" -d '{"displayName": "Alice"}'
show curl -s -X PUT "$MESSAGING/users/bob-$S" "${JSON[@]}" -d '{"displayName": "Bob"}'
show curl -s -X PUT "$MESSAGING/rooms/dinner-$S" "${JSON[@]}" \
  -d "{\"name\": \"Dinner\", \"createdBy\": \"alice-$S\", \"members\": [\"bob-$S\"]}"
show curl -s -X POST "$MESSAGING/rooms/dinner-$S/messages" "${JSON[@]}" \
  -d "{\"senderId\": \"alice-$S\", \"clientMessageId\": \"m1-$S\", \"text\": \"7pm at the usual place?\"}"
show curl -s -X POST "$MESSAGING/rooms/dinner-$S/money" "${JSON[@]}" \
  -d "{\"senderId\": \"bob-$S\", \"recipientId\": \"alice-$S\", \"amount\": 6000, \"clientMessageId\": \"m2-$S\"}"
show curl -s "$MESSAGING/users/alice-$S/unread"
show curl -s "$MESSAGING/rooms/dinner-$S/messages?userId=alice-$S&limit=10"

echo "== taxi-svc: a ride =="
show curl -s -X PUT "$TAXI/drivers/kim-$S" "${JSON[@]}" -d '{"name": "Kim"}'
show curl -s -X PUT "$TAXI/drivers/kim-$S/position" "${JSON[@]}" -d '{"lat": 37.4979, "lon": 127.0276, "available": true}'
RIDE="$(curl -s -X POST "$TAXI/rides" "${JSON[@]}" -H "Idempotency-Key: ride-$S" \
  -d "{\"riderId\": \"alice-$S\", \"pickup\": {\"lat\": 37.4980, \"lon\": 127.0280}, \"dropoff\": {\"lat\": 37.5547, \"lon\": 126.9707}}")"
echo; echo "\$ curl -s -X POST $TAXI/rides -H 'Idempotency-Key: ride-$S' -d '{\"riderId\": \"alice-$S\", \"pickup\": {...}, \"dropoff\": {...}}'"
echo "$RIDE"
RIDE_ID="$(echo "$RIDE" | sed -E 's/.*"rideId":"([^"]+)".*/\1/')"
show curl -s -X POST "$TAXI/rides/$RIDE_ID/pickup" "${JSON[@]}" -d "{\"driverId\": \"kim-$S\"}"
show curl -s -X POST "$TAXI/rides/$RIDE_ID/complete" "${JSON[@]}" -d "{\"driverId\": \"kim-$S\"}"
echo "# completing is final: cancelling now is an illegal transition"
show curl -s -X POST "$TAXI/rides/$RIDE_ID/cancel" "${JSON[@]}" -d "{\"by\": \"alice-$S\"}"
show curl -s "$TAXI/ops/outbox"

echo "== status-svc =="
show curl -s "$STATUS/api/status"
show curl -s "$STATUS/api/incidents?limit=5"
show curl -s "$TAXI/ops/circuit-breakers"

echo "== bad input is a problem+json 4xx =="
show curl -s -X POST "$PAYMENT/transfers" "${JSON[@]}" -H "Idempotency-Key: bad-$S" -d '{"fromUserId": "a", "toUserId": "b", "amount": 12.5}'
show curl -s -X POST "$PAYMENT/transfers" "${JSON[@]}" -d '{"fromUserId": "a", "toUserId": "b", "amount": 10}'
