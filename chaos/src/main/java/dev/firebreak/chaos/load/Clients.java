package dev.firebreak.chaos.load;

import dev.firebreak.chaos.history.History;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * What the load's clients share: how they call ({@code api} through {@code target}, retrying as
 * {@code retries} says), and where each call goes: every request to the {@code recorder}, every
 * write the verifier must find to the {@code log}, every operation to the {@code history}.
 */
public record Clients(Api api, Target target, Recorder recorder, AckLog log, History history, Retries retries) {

    /**
     * A write of {@code service}, due at {@code dueNanos}, recorded in the history as {@code f} by
     * {@code process} with {@code value}, to which {@code shown} adds what an acknowledgement said.
     */
    Calls.Result write(String service, String process, String f, long dueNanos, Map<String, Object> value, Supplier<Api.Answer> call,
            BiConsumer<Api.Answer, Map<String, Object>> shown) {
        return record(process, f, Calls.write(recorder, service, retries, dueNanos, call), value, shown);
    }

    /** A read, as {@link #write}. */
    Calls.Result read(String service, String process, String f, long dueNanos, Map<String, Object> value, Supplier<Api.Answer> call,
            BiConsumer<Api.Answer, Map<String, Object>> shown) {
        return record(process, f, Calls.read(recorder, service, retries, dueNanos, call), value, shown);
    }

    private Calls.Result record(String process, String f, Calls.Result r, Map<String, Object> value,
            BiConsumer<Api.Answer, Map<String, Object>> shown) {
        if (r.acked()) {
            shown.accept(r.answer(), value);
        }
        History.Type type = r.acked() ? History.Type.OK : r.inDoubt() ? History.Type.UNKNOWN : History.Type.FAIL;
        history.add(process, f, type, r.invokeNanos(), r.completeNanos(), r.answer() == null ? null : r.answer().servedBy(), value);
        return r;
    }

    /** The same clients, retrying as {@code other} says. */
    public Clients retrying(Retries other) {
        return new Clients(api, target, recorder, log, history, other);
    }

    public String url(String service, String path) {
        return target.url(service, path);
    }
}
