package dev.firebreak.common.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * A string of a request body breaks {@link TextPolicy}. A {@link JsonMappingException}, so Jackson
 * adds the path of the field as it unwinds; answered as 400 {@code invalid-text}.
 */
public class UnsafeTextException extends JsonMappingException {

    private final TextPolicy.Violation violation;

    public UnsafeTextException(JsonParser parser, TextPolicy.Violation violation) {
        super(parser, "Text contains " + violation.describe());
        this.violation = violation;
    }

    public TextPolicy.Violation violation() {
        return violation;
    }
}
