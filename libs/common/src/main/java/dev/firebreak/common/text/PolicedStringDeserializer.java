package dev.firebreak.common.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import java.io.IOException;

/**
 * Every string a request body holds, whatever the field, passes {@link TextPolicy#check} as it is
 * read: one place for the whole class of control-character input, so no field of any service can
 * forget it.
 */
public final class PolicedStringDeserializer extends StringDeserializer {

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String value = super.deserialize(p, ctxt);
        if (value != null) {
            TextPolicy.Violation violation = TextPolicy.check(value);
            if (violation != null) {
                throw new UnsafeTextException(p, violation);
            }
        }
        return value;
    }
}
