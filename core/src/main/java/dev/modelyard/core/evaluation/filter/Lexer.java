package dev.modelyard.core.evaluation.filter;

import dev.modelyard.core.evaluation.filter.Token.Kind;
import java.util.Optional;

/**
 * Splits filter text into tokens, one at a time and left to right, so the first error in the text
 * is the one reported. Reads character by character; no regular expressions.
 */
final class Lexer {
    private final String text;
    private int position;

    Lexer(String text) {
        this.text = text;
    }

    /** The next token; {@link Kind#END} at the end of the text, as often as it is asked for. */
    Token next() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
        int start = position;
        if (start == text.length()) {
            return new Token(Kind.END, "", "", start);
        }
        char first = text.charAt(start);
        if (isNameStart(first)) {
            return word(start);
        }
        if (first == '`') {
            return quoted(start, Kind.QUOTED_NAME);
        }
        if (first == '\'' || first == '"') {
            return quoted(start, Kind.STRING);
        }
        if (isDigit(first) || first == '.' || ((first == '+' || first == '-') && startsNumber(start + 1))) {
            return number(start);
        }
        if (first == '(') {
            return single(Kind.LEFT_PARENTHESIS, start);
        }
        if (first == ')') {
            return single(Kind.RIGHT_PARENTHESIS, start);
        }
        if (first == ',') {
            return single(Kind.COMMA, start);
        }
        if (isOperatorCharacter(first)) {
            return operator(start);
        }
        throw unexpectedCharacter(start);
    }

    private Token word(int start) {
        position = start + 1;
        while (position < text.length() && isNamePart(text.charAt(position))) {
            position++;
        }
        String word = text.substring(start, position);
        Optional<Keyword> keyword = Keyword.of(word);
        if (keyword.isPresent()) {
            return new Token(Kind.KEYWORD, word, keyword.get().word(), start);
        }
        return new Token(Kind.NAME, word, word, start);
    }

    /** A string or back-quoted name: the quote character ends it unless doubled, which stands for one quote. */
    private Token quoted(int start, Kind kind) {
        char quote = text.charAt(start);
        StringBuilder value = new StringBuilder();
        int index = start + 1;
        while (true) {
            int end = text.indexOf(quote, index);
            if (end < 0) {
                String what = kind == Kind.STRING ? "string" : "back-quoted column name";
                throw new FilterSyntaxException(
                        "unterminated " + what + " starting at position " + start + "; end it with " + quote
                                + " (write " + quote + quote + " for a " + quote + " inside it)",
                        start);
            }
            value.append(text, index, end);
            if (end + 1 < text.length() && text.charAt(end + 1) == quote) {
                value.append(quote);
                index = end + 2;
            } else {
                position = end + 1;
                break;
            }
        }
        if (kind == Kind.QUOTED_NAME && value.isEmpty()) {
            throw new FilterSyntaxException("empty column name at position " + start, start);
        }
        return new Token(kind, text.substring(start, position), value.toString(), start);
    }

    /** An optional sign, digits with an optional decimal point, and an optional exponent. */
    private Token number(int start) {
        int index = start;
        if (text.charAt(index) == '+' || text.charAt(index) == '-') {
            index++;
        }
        int digits = 0;
        while (index < text.length() && isDigit(text.charAt(index))) {
            index++;
            digits++;
        }
        if (index < text.length() && text.charAt(index) == '.') {
            index++;
            while (index < text.length() && isDigit(text.charAt(index))) {
                index++;
                digits++;
            }
        }
        boolean wellFormed = digits > 0;
        if (wellFormed && index < text.length() && (text.charAt(index) == 'e' || text.charAt(index) == 'E')) {
            index++;
            if (index < text.length() && (text.charAt(index) == '+' || text.charAt(index) == '-')) {
                index++;
            }
            int exponentDigits = 0;
            while (index < text.length() && isDigit(text.charAt(index))) {
                index++;
                exponentDigits++;
            }
            wellFormed = exponentDigits > 0;
        }
        if (!wellFormed || (index < text.length() && (isNamePart(text.charAt(index)) || text.charAt(index) == '.'))) {
            while (index < text.length() && (isNamePart(text.charAt(index)) || text.charAt(index) == '.')) {
                index++;
            }
            throw new FilterSyntaxException(
                    "malformed number '" + Token.excerpt(text.substring(start, index)) + "' at position " + start,
                    start);
        }
        position = index;
        String number = text.substring(start, index);
        return new Token(Kind.NUMBER, number, number, start);
    }

    private Token operator(int start) {
        int index = start;
        while (index < text.length() && isOperatorCharacter(text.charAt(index))) {
            index++;
        }
        String operator = text.substring(start, index);
        if (ComparisonOperator.of(operator).isEmpty()) {
            throw new FilterSyntaxException(
                    "unknown operator '" + Token.excerpt(operator) + "' at position " + start + "; use one of "
                            + ComparisonOperator.SPELLINGS,
                    start);
        }
        position = index;
        return new Token(Kind.OPERATOR, operator, operator, start);
    }

    private Token single(Kind kind, int start) {
        position = start + 1;
        String character = text.substring(start, position);
        return new Token(kind, character, character, start);
    }

    private FilterSyntaxException unexpectedCharacter(int start) {
        int codePoint = text.codePointAt(start);
        String shown = Character.isISOControl(codePoint) || Character.isWhitespace(codePoint)
                ? String.format("U+%04X", codePoint)
                : "'" + Character.toString(codePoint) + "'";
        String hint = Character.isLetter(codePoint)
                ? "; put a column name with other characters in back quotes, like `" + Token.excerpt(wordAround(start))
                        + "`"
                : "";
        return new FilterSyntaxException("unexpected character " + shown + " at position " + start + hint, start);
    }

    /** The run of letters, digits and underscores around the index, to show how to quote a name. */
    private String wordAround(int index) {
        int start = index;
        while (start > 0 && isWordCharacter(text.charAt(start - 1))) {
            start--;
        }
        int end = index;
        while (end < text.length() && isWordCharacter(text.charAt(end))) {
            end++;
        }
        return text.substring(start, end);
    }

    private static boolean isWordCharacter(char character) {
        return Character.isLetterOrDigit(character) || character == '_';
    }

    /** Whether a number starts at the index: a digit, or a decimal point followed by a digit. */
    private boolean startsNumber(int index) {
        if (index < text.length() && isDigit(text.charAt(index))) {
            return true;
        }
        return index + 1 < text.length() && text.charAt(index) == '.' && isDigit(text.charAt(index + 1));
    }

    private static boolean isOperatorCharacter(char character) {
        return character == '=' || character == '<' || character == '>' || character == '!';
    }

    private static boolean isNameStart(char character) {
        return (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z') || character == '_';
    }

    private static boolean isNamePart(char character) {
        return isNameStart(character) || isDigit(character);
    }

    private static boolean isDigit(char character) {
        return character >= '0' && character <= '9';
    }
}
