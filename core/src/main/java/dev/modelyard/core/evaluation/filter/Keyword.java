package dev.modelyard.core.evaluation.filter;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The reserved words of the filter language, matched without regard to case. */
enum Keyword {
    AND,
    OR,
    NOT,
    IN,
    BETWEEN,
    IS,
    NULL,
    TRUE,
    FALSE;

    private static final Map<String, Keyword> BY_WORD =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Keyword::word, Function.identity()));

    /** The keyword in lower case, as messages show it. */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The keyword a bare word spells in any case, if it spells one. */
    static Optional<Keyword> of(String word) {
        return Optional.ofNullable(BY_WORD.get(word.toLowerCase(Locale.ROOT)));
    }
}
