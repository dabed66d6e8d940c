package io.lemonadeoutbox.testkit;

import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Arbitrary Java strings, built from UTF-16 units so that they include what a store may not keep: NUL and other
 * controls, unpaired surrogates, noncharacters of every plane, supplementary characters, and long strings.
 */
public final class AnyText {

    private static final String[] EDGES = {
            "\u0000", "\t", "\n", "\r", "\u001B", "\u007F", "\u0085", "\u009F", "\uD800", "\uDBFF", "\uDC00", "\uDFFF",
            "\uFDD0", "\uFDEF", "\uFFFE", "\uFFFF", "\uD83F\uDFFE", "\uDBFF\uDFFF", "\uD83D\uDE00", "e\u0301", "\u2028",
            "\u00A0", "\uFEFF", "'", "\"", "\\", "%", "?", " "};

    private AnyText() {
    }

    public static Arbitrary<String> strings(int maxLength) {
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.chars().all().map(String::valueOf)),
                Tuple.of(2, Arbitraries.integers().between(Character.MIN_SUPPLEMENTARY_CODE_POINT,
                        Character.MAX_CODE_POINT).map(Character::toString)),
                Tuple.of(2, Arbitraries.of(EDGES)),
                Tuple.of(4, Arbitraries.strings().alpha().numeric().withChars(" .-@").ofMaxLength(8)));
        return piece.list().ofMaxSize(maxLength).map(pieces -> String.join("", pieces))
                .filter(text -> text.length() <= maxLength * 8);
    }

    /** A JSON string literal in plain ASCII: every other UTF-16 unit as an escape, so nothing is repaired on the way. */
    public static String json(String text) {
        StringBuilder json = new StringBuilder("\"");
        text.chars().forEach(c -> {
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                json.append((char) c);
            } else {
                json.append(String.format("\\u%04X", c));
            }
        });
        return json.append('"').toString();
    }

    public static String describe(String text) {
        return text.chars().mapToObj(c -> String.format("%04X", c)).collect(Collectors.joining(" "));
    }
}
