using System.Globalization;

namespace FosteringWorkflows.Hosting;

/// <summary>
/// The one rule for text people type (names, notes): no control characters (a NUL, or a newline that would start a
/// new header line in an email), no invisible format characters (zero-width spaces, byte-order marks, bidirectional
/// overrides: U+202E turns "txt.exe" into "exe.txt" on screen) except the joiners that emoji and some scripts need,
/// and lengths counted as a reader counts characters (text elements: an emoji is one, not two), with a cap on the
/// stored length too (one letter with thousands of combining marks is one text element).
/// </summary>
public static class Text
{
    public const int NameLength = 100;

    public const int NoteLength = 2000;

    public static string? ProblemWithName(string name) =>
        name.Any(c => char.IsControl(c) || IsLineSeparator(c)) ? "Must not contain control characters or line breaks (such as a newline or NUL)."
        : name.Any(IsInvisible) ? "Must not contain invisible or bidirectional control characters (such as U+200B or U+202E)."
        : new StringInfo(name).LengthInTextElements > NameLength || name.Length > NameLength * 3 ? $"At most {NameLength} characters."
        : null;

    /// <summary>A note may run over several lines; nothing else invisible.</summary>
    public static string? ProblemWithNote(string note) =>
        note.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) ? "Must not contain control characters other than line breaks and tabs."
        : note.Any(IsInvisible) ? "Must not contain invisible or bidirectional control characters (such as U+200B or U+202E)."
        : new StringInfo(note).LengthInTextElements > NoteLength || note.Length > NoteLength * 2 ? $"At most {NoteLength:N0} characters."
        : null;

    /// <summary>A member of staff's sign-in id as the steps and filters take it: 1 to 200 visible ASCII characters, no spaces.</summary>
    public static bool IsSignInId(string value) => value.Length is >= 1 and <= 200 && value.All(c => c is > ' ' and < (char)127);

    /// <summary>A value safe for a one-line header (an email subject): control, line-breaking and invisible characters become spaces.</summary>
    public static string ForHeader(string value) =>
        new([.. value.Select(c => char.IsControl(c) || IsLineSeparator(c) || IsInvisible(c) ? ' ' : c)]);

    /// <summary>
    /// Text for a channel that reads Markdown (Teams): every character Markdown gives a meaning is escaped, so a name such
    /// as <c>[Reset your password](https://…)</c> shows as typed and is never a link.
    /// </summary>
    public static string ForMarkdown(string value)
    {
        var escaped = new System.Text.StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c is '\\' or '`' or '*' or '_' or '{' or '}' or '[' or ']' or '(' or ')' or '#' or '+' or '-' or '.' or '!' or '|' or '<' or '>' or '~' or '&')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    /// <summary>An identifier a caller sent, safe to echo in a message: letters, digits and a few marks, else a placeholder.</summary>
    public static string Echo(string value) =>
        value.Length <= 100 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':') ? value : "(as sent)";

    private static bool IsLineSeparator(char c) => CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    // Format characters (Cf): zero-width spaces, byte-order marks, bidirectional controls. The zero-width joiner and
    // non-joiner are kept: emoji sequences and scripts such as Persian need them.
    private static bool IsInvisible(char c) =>
        c is not ('\u200C' or '\u200D') && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
