package dev.firebreak.common.text;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A name, memo or reference: one line of text, without the characters {@link TextPolicy#checkSingleLine}
 * refuses. Null is valid (combine with {@code @NotNull} or {@code @NotBlank}).
 */
@Documented
@Constraint(validatedBy = SingleLine.Validator.class)
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface SingleLine {

    String message() default "must be one line of text: no tabs, line breaks, control or bidirectional formatting characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks a value against {@link TextPolicy#checkSingleLine}. */
    class Validator implements ConstraintValidator<SingleLine, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || TextPolicy.checkSingleLine(value) == null;
        }
    }
}
