using System.Globalization;

namespace FosteringWorkflows.Hosting;

/// <summary>
/// The one rule for text people type (names, notes): no control characters (a NUL, or a newline that would start a
/// new header line in an email), no bidirectional overrides (U+202E turns "txt.exe" into "exe.txt" on screen), and
/// lengths counted as a reader counts characters (text elements: an emoji is one, not two).
/// </summary>
public static class Text
{
    public const int NameLength = 100;

    public const int NoteLength = 2000;

    public static string? ProblemWithName(string name) =>
        name.Any(char.IsControl) ? "Must not contain control characters (such as a newline or NUL)."
        : name.Any(IsBidiControl) ? "Must not contain bidirectional control characters (such as U+202E)."
        : new StringInfo(name).LengthInTextElements > NameLength ? $"At most {NameLength} characters."
        : null;

    /// <summary>A note may run over several lines; nothing else invisible.</summary>
    public static string? ProblemWithNote(string note) =>
        note.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) ? "Must not contain control characters other than line breaks and tabs."
        : note.Any(IsBidiControl) ? "Must not contain bidirectional control characters (such as U+202E)."
        : new StringInfo(note).LengthInTextElements > NoteLength ? $"At most {NoteLength:N0} characters."
        : null;

    /// <summary>A value safe for a one-line header (an email subject): control and bidirectional characters become spaces.</summary>
    public static string ForHeader(string value) =>
        new([.. value.Select(c => char.IsControl(c) || IsBidiControl(c) ? ' ' : c)]);

    private static bool IsBidiControl(char c) => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
