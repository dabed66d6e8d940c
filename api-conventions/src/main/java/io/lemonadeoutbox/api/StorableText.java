package io.lemonadeoutbox.api;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.CONSTRUCTOR;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Optional;

/**
 * Text that every store downstream keeps exactly, and that a card can show: no NUL and no unpaired surrogate
 * (PostgreSQL's {@code text} cannot hold the one, pgjdbc turns the other into {@code ?}), no other control
 * character (tab, line feed and carriage return only where {@link #lineBreaks()} allows them) and no Unicode
 * noncharacter. Both services apply it at their boundary: lemonade-app to what it accepts, thankyou-service to what
 * it reads from the topic. A null is valid here; {@code @NotNull}/{@code @NotBlank} say whether one is allowed.
 */
@Documented
@Constraint(validatedBy = StorableText.Validator.class)
@Target({METHOD, FIELD, ANNOTATION_TYPE, CONSTRUCTOR, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
public @interface StorableText {

    String message() default "must be text without control characters, unpaired surrogates or noncharacters";

    /** Whether tab, line feed and carriage return are allowed (free text such as a refund reason). */
    boolean lineBreaks() default false;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<StorableText, String> {

        private boolean lineBreaks;

        @Override
        public void initialize(StorableText annotation) {
            lineBreaks = annotation.lineBreaks();
        }

        @Override
        public boolean isValid(String text, ConstraintValidatorContext context) {
            Optional<String> problem = problemWith(text, lineBreaks);
            problem.ifPresent(message -> {
                context.disableDefaultConstraintViolation();
                // the message names a code point, never the input, so it is safe as a message template
                context.buildConstraintViolationWithTemplate(message).addConstraintViolation();
            });
            return problem.isEmpty();
        }

        /** Why the text breaks the rule ("must not contain ..."), or empty if it keeps it; null keeps it. */
        public static Optional<String> problemWith(String text, boolean lineBreaks) {
            if (text == null) {
                return Optional.empty();
            }
            for (int i = 0; i < text.length(); ) {
                int codePoint = text.codePointAt(i);
                String problem = problemWith(codePoint, lineBreaks);
                if (problem != null) {
                    return Optional.of("must not contain " + problem + " (at index " + i + ")");
                }
                i += Character.charCount(codePoint);
            }
            return Optional.empty();
        }

        /**
         * The part of the rule that PostgreSQL itself dictates: it stores and returns exactly the strings without
         * NUL and without an unpaired surrogate. The rest of the rule is this project's choice.
         */
        public static boolean postgresKeepsExactly(String text) {
            return text.codePoints().noneMatch(c -> c == 0 || c <= 0xFFFF && Character.isSurrogate((char) c));
        }

        private static String problemWith(int codePoint, boolean lineBreaks) {
            if (codePoint == 0) {
                return "NUL (U+0000)";
            }
            if (codePoint <= 0xFFFF && Character.isSurrogate((char) codePoint)) {
                return "an unpaired surrogate (" + unicode(codePoint) + ")";
            }
            if (Character.isISOControl(codePoint) && !(lineBreaks && isLineBreakOrTab(codePoint))) {
                return "the control character " + unicode(codePoint);
            }
            if (isNoncharacter(codePoint)) {
                return "the noncharacter " + unicode(codePoint);
            }
            return null;
        }

        private static boolean isLineBreakOrTab(int codePoint) {
            return codePoint == '\t' || codePoint == '\n' || codePoint == '\r';
        }

        /** U+FDD0..U+FDEF and the last two code points of every plane (Unicode chapter 23.7). */
        private static boolean isNoncharacter(int codePoint) {
            return codePoint >= 0xFDD0 && codePoint <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;
        }

        private static String unicode(int codePoint) {
            return String.format("U+%04X", codePoint);
        }
    }
}
