#!/usr/bin/env bash
# A tour of the four services with curl: every call docs/api-tour.md shows, in order, with its answer.
# Start the services first (see docs/api-tour.md: ./firebreak dev <svc> for each, or the packaged jars);
# override the addresses with MESSAGING=, PAYMENT=, TAXI=, STATUS=. Re-runnable: ids get a suffix.
# ADMIN_TOKEN defaults to ./firebreak token admin (the installation in .firebreak/identity).
set -euo pipefail
MESSAGING="${MESSAGING:-http://127.0.0.1:8081}"
PAYMENT="${PAYMENT:-http://127.0.0.1:8082}"
TAXI="${TAXI:-http://127.0.0.1:8083}"
STATUS="${STATUS:-http://127.0.0.1:8084}"
S="$(date +%s)"
JSON=(-H 'Content-Type: application/json')

show() { echo; echo "\$ $*"; "$@"; echo; }

token() { sed -E 's/.*"accessToken":"([^"]+)".*/\1/'; }
ADMIN_TOKEN="${ADMIN_TOKEN:-$("$(dirname "$0")/../firebreak" token admin 2>/dev/null | tail -1)}"

echo "== messaging-svc: sign up and sign in (Kakao Account) =="
for who in alice bob kim; do
  show curl -s -X POST "$MESSAGING/accounts" "${JSON[@]}" -d "{\"userId\": \"$who-$S\", \"displayName\": \"$who\", \"password\": \"correct horse battery\"}"
done
show curl -s -X POST "$MESSAGING/sessions" "${JSON[@]}" -d "{\"userId\": \"alice-$S\", \"password\": \"correct horse battery\"}"
ALICE="Authorization: Bearer $(curl -s -X POST "$MESSAGING/sessions" "${JSON[@]}" -d "{\"userId\": \"alice-$S\", \"password\": \"correct horse battery\"}" | token)"
BOB="Authorization: Bearer $(curl -s -X POST "$MESSAGING/sessions" "${JSON[@]}" -d "{\"userId\": \"bob-$S\", \"password\": \"correct horse battery\"}" | token)"
KIM="Authorization: Bearer $(curl -s -X POST "$MESSAGING/sessions" "${JSON[@]}" -d "{\"userId\": \"kim-$S\", \"password\": \"correct horse battery\"}" | token)"
echo "# no token, or someone else's wallet: 401 and 404"
show curl -s "$PAYMENT/wallets/alice-$S"
show curl -s -H "$BOB" "$PAYMENT/wallets/alice-$S"

echo "== payment-svc: wallets and money, as the signed-in user =="
show curl -s -X PUT -H "$ALICE" "$PAYMENT/wallets/alice-$S"
show curl -s -X PUT -H "$BOB" "$PAYMENT/wallets/bob-$S"
show curl -s -X POST -H "$ALICE" "$PAYMENT/wallets/alice-$S/top-ups" "${JSON[@]}" -H "Idempotency-Key: topup-$S" -d '{"amount": 50000}'
show curl -s -X POST -H "$ALICE" "$PAYMENT/transfers" "${JSON[@]}" -H "Idempotency-Key: tx-$S" \
  -d "{\"toUserId\": \"bob-$S\", \"amount\": 12000, \"memo\": \"dinner\"}"
echo "# the same request again (a retry after a lost answer): same transfer, no second movement"
show curl -s -i -X POST -H "$ALICE" "$PAYMENT/transfers" "${JSON[@]}" -H "Idempotency-Key: tx-$S" \
  -d "{\"toUserId\": \"bob-$S\", \"amount\": 12000, \"memo\": \"dinner\"}"
echo "# more than the wallet holds"
show curl -s -X POST -H "$ALICE" "$PAYMENT/transfers" "${JSON[@]}" -H "Idempotency-Key: tx2-$S" \
  -d "{\"toUserId\": \"bob-$S\", \"amount\": 999999}"
show curl -s -H "$ALICE" "$PAYMENT/wallets/alice-$S"
show curl -s -H "$ALICE" "$PAYMENT/wallets/alice-$S/transactions?limit=2"
show curl -s -H "Authorization: Bearer $ADMIN_TOKEN" "$PAYMENT/ledger/audit"

echo "== messaging-svc: chat =="
show curl -s -X PUT -H "$ALICE" "$MESSAGING/rooms/dinner-$S" "${JSON[@]}" -d "{\"name\": \"Dinner\", \"members\": [\"bob-$S\"]}"
show curl -s -X POST -H "$ALICE" "$MESSAGING/rooms/dinner-$S/messages" "${JSON[@]}" \
  -d "{\"clientMessageId\": \"m1-$S\", \"text\": \"7pm at the usual place?\"}"
show curl -s -X POST -H "$BOB" "$MESSAGING/rooms/dinner-$S/money" "${JSON[@]}" \
  -d "{\"recipientId\": \"alice-$S\", \"amount\": 6000, \"clientMessageId\": \"m2-$S\"}"
show curl -s -H "$ALICE" "$MESSAGING/users/alice-$S/unread"
show curl -s -H "$ALICE" "$MESSAGING/rooms/dinner-$S/messages?limit=10"

echo "== taxi-svc: a ride =="
# Each run drives somewhere of its own, so drivers left from earlier runs are out of range.
LAT="$(awk -v s="$S" 'BEGIN { printf "%.4f", 20 + (s % 97) * 0.3 }')"
LON="$(awk -v s="$S" 'BEGIN { printf "%.4f", 100 + (s % 89) * 0.3 }')"
DROP_LAT="$(awk -v s="$S" 'BEGIN { printf "%.4f", 20.05 + (s % 97) * 0.3 }')"
show curl -s -X PUT -H "$KIM" "$TAXI/drivers/kim-$S" "${JSON[@]}" -d '{"name": "Kim"}'
show curl -s -X PUT -H "$KIM" "$TAXI/drivers/kim-$S/position" "${JSON[@]}" -d "{\"lat\": $LAT, \"lon\": $LON, \"available\": true}"
RIDE="$(curl -s -X POST -H "$ALICE" "$TAXI/rides" "${JSON[@]}" -H "Idempotency-Key: ride-$S" \
  -d "{\"pickup\": {\"lat\": $LAT, \"lon\": $LON}, \"dropoff\": {\"lat\": $DROP_LAT, \"lon\": $LON}}")"
echo; echo "\$ curl -s -X POST -H 'Authorization: Bearer …' $TAXI/rides -H 'Idempotency-Key: ride-$S' -d '{\"pickup\": {...}, \"dropoff\": {...}}'"
echo "$RIDE"
RIDE_ID="$(echo "$RIDE" | sed -E 's/.*"rideId":"([^"]+)".*/\1/')"
show curl -s -X POST -H "$KIM" "$TAXI/rides/$RIDE_ID/pickup"
show curl -s -X POST -H "$KIM" "$TAXI/rides/$RIDE_ID/complete"
echo "# completing is final: cancelling now is an illegal transition"
show curl -s -X POST -H "$ALICE" "$TAXI/rides/$RIDE_ID/cancel"
show curl -s -X PUT -H "$KIM" "$TAXI/drivers/kim-$S/position" "${JSON[@]}" -d "{\"lat\": $LAT, \"lon\": $LON, \"available\": false}"
show curl -s -H "Authorization: Bearer $ADMIN_TOKEN" "$TAXI/ops/outbox"
show curl -s -H "$ALICE" "$MESSAGING/users/alice-$S/unread"

echo "== status-svc (public) =="
show curl -s "$STATUS/api/status"
show curl -s "$STATUS/api/incidents?limit=5"
show curl -s "$TAXI/ops/circuit-breakers"

echo "== bad input is a problem+json 4xx =="
show curl -s -X POST -H "$ALICE" "$PAYMENT/transfers" "${JSON[@]}" -H "Idempotency-Key: bad-$S" -d '{"toUserId": "b", "amount": 12.5}'
show curl -s -X POST -H "$ALICE" "$PAYMENT/transfers" "${JSON[@]}" -d '{"toUserId": "b", "amount": 10}'
