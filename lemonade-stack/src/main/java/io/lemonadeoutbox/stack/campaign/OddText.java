package io.lemonadeoutbox.stack.campaign;

import java.util.List;
import java.util.Random;

/**
 * Names and emails that are unusual but valid: every script, emoji (also joined and flags), combining marks,
 * right-to-left text, quotes, markup, JSON and SQL look-alikes. Every store downstream must keep them as given.
 */
final class OddText {

    private static final List<String> FRAGMENTS = List.of(
            "Zoë", "Ågot Øvrebø", "Þórunn", "Łukasz Żółć", "Ελένη", "Дмитрий", "محمد", "שָׁלוֹם", "राजेश", "สมชาย",
            "王秀英", "山田太郎", "김민준", "Nguyễn Văn", "Ɓɛ̃", "ጌታቸው", "Ñandú", "e\u0301", "😀", "👩\u200d👩\u200d👧\u200d👦",
            "🍋", "🇳🇴", "𝒜𝒹𝒶", "O'Brien", "\"Quoted\"", "`back`", "“curly”", "«guillemets»", "<b>bold</b>",
            "</script><script>alert(1)</script>", "&amp;", "Robert'); DROP TABLE card;--", "back\\slash", "%s%n",
            "${jndi:x}", "{\"json\":1}", "\u200fRTL", "a\u00a0b", "ℌ𝔢𝔩𝔩𝔬", "∑∞≠", "Ω");

    private static final List<String> EMAILS = List.of(
            "o'brien+lemon@example.com", "用户@例子.广告", "zoë@exämple.org", "a.b-c_d@sub.example.co.uk",
            "\"quoted\"@example.com", "<x>@example.com", "ünïcødé@ëxample.de");

    private OddText() {
    }

    static String name(Random random) {
        StringBuilder name = new StringBuilder(pick(random, FRAGMENTS));
        int more = random.nextInt(4);
        for (int i = 0; i < more; i++) {
            String next = pick(random, FRAGMENTS);
            if (name.length() + 1 + next.length() > 100) {
                break;
            }
            name.append(' ').append(next);
        }
        return name.toString();
    }

    static String email(Random random, String saleId) {
        return random.nextBoolean() ? pick(random, EMAILS) : saleId + "+" + random.nextInt(1000) + "@example.com";
    }

    private static String pick(Random random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }
}
