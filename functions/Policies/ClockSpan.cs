using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using FosteringWorkflows.Calendar;

namespace FosteringWorkflows.Policies;

public enum SpanUnit
{
    WorkingHours,
    WorkingDays,
    Days,
    Weeks,
}

/// <summary>
/// A length of time in a clock's own unit ("2 WorkingHours", "5 WorkingDays", "8 Weeks"). Working time is not a
/// <see cref="TimeSpan"/>, so spans stay in their unit until a calendar turns them into instants.
/// </summary>
[JsonConverter(typeof(ClockSpanJsonConverter))]
public readonly record struct ClockSpan(decimal Amount, SpanUnit Unit)
{
    public static ClockSpan Parse(string text)
    {
        if (!TryParse(text, out var span))
        {
            throw new FormatException($"'{text}' is not a clock span such as '2 WorkingHours', '5 WorkingDays', '7 Days' or '8 Weeks'.");
        }

        return span;
    }

    public static bool TryParse(string? text, out ClockSpan span)
    {
        span = default;
        var parts = text?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts is not { Length: 2 }
            || !decimal.TryParse(parts[0], NumberStyles.Number, CultureInfo.InvariantCulture, out var amount)
            || amount <= 0
            || !Enum.TryParse<SpanUnit>(parts[1], ignoreCase: true, out var unit)
            || !Enum.IsDefined(unit))
        {
            return false;
        }

        // Working days and calendar days are counted whole: "within 5 working days" has no half days.
        if (unit is SpanUnit.WorkingDays or SpanUnit.Days or SpanUnit.Weeks && decimal.Truncate(amount) != amount)
        {
            return false;
        }

        span = new ClockSpan(amount, unit);
        return true;
    }

    /// <summary>When a span starting at <paramref name="start"/> runs out.</summary>
    public DateTimeOffset From(DateTimeOffset start, WorkingCalendar calendar) => Unit switch
    {
        SpanUnit.WorkingHours => calendar.AddWorkingTime(start, TimeSpan.FromHours((double)Amount)),
        SpanUnit.WorkingDays => calendar.EndOfWorkingDaysAfter(start, (int)Amount),
        SpanUnit.Days => calendar.AddCalendarDays(start, (int)Amount),
        SpanUnit.Weeks => calendar.AddCalendarDays(start, (int)Amount * 7),
        _ => throw new InvalidOperationException($"Unknown unit {Unit}."),
    };

    public bool IsWorkingTime => Unit is SpanUnit.WorkingHours or SpanUnit.WorkingDays;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Amount} {Unit}");
}

internal sealed class ClockSpanJsonConverter : JsonConverter<ClockSpan>
{
    public override ClockSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ClockSpan.TryParse(reader.GetString(), out var span) ? span : throw new JsonException("Not a clock span.");

    public override void Write(Utf8JsonWriter writer, ClockSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
