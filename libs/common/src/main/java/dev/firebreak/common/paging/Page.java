package dev.firebreak.common.paging;

import java.util.List;

/**
 * One page of a list, newest first unless the endpoint says otherwise. {@code nextCursor} is
 * passed back as {@code before=} to get the next page; it is null on the last page.
 */
public record Page<T>(List<T> items, String nextCursor) {

    /** Builds a page from up to {@code limit + 1} fetched rows: the extra row only proves there is more. */
    public static <T> Page<T> of(List<T> fetched, int limit, java.util.function.Function<T, Object> cursorOf) {
        if (fetched.size() <= limit) {
            return new Page<>(List.copyOf(fetched), null);
        }
        List<T> items = List.copyOf(fetched.subList(0, limit));
        return new Page<>(items, String.valueOf(cursorOf.apply(items.get(items.size() - 1))));
    }
}
