using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FosteringWorkflows.Calendar;

/// <summary>
/// Bank holidays from a GOV.UK <c>bank-holidays.json</c> snapshot, and by rule for years the snapshot
/// does not cover. The snapshot wins inside its years because it carries one-off days (jubilees,
/// coronations, state funerals) that no rule can know.
/// </summary>
public sealed class BankHolidays
{
    private readonly FrozenDictionary<HolidayDivision, (int FirstYear, int LastYear, FrozenSet<DateOnly> Dates)> _snapshot;

    private BankHolidays(FrozenDictionary<HolidayDivision, (int, int, FrozenSet<DateOnly>)> snapshot) => _snapshot = snapshot;

    public static string DivisionKey(HolidayDivision division) => division switch
    {
        HolidayDivision.EnglandAndWales => "england-and-wales",
        HolidayDivision.Scotland => "scotland",
        HolidayDivision.NorthernIreland => "northern-ireland",
        _ => throw new ArgumentOutOfRangeException(nameof(division)),
    };

    public static bool TryParseDivision(string? key, out HolidayDivision division)
    {
        foreach (var candidate in Enum.GetValues<HolidayDivision>())
        {
            if (string.Equals(DivisionKey(candidate), key, StringComparison.OrdinalIgnoreCase))
            {
                division = candidate;
                return true;
            }
        }

        division = default;
        return false;
    }

    /// <summary>The snapshot that ships inside the app.</summary>
    public static BankHolidays LoadEmbedded()
    {
        using var stream = typeof(BankHolidays).Assembly.GetManifestResourceStream("bank-holidays.json")
            ?? throw new InvalidOperationException("The bank-holidays.json snapshot is not embedded in the app.");
        return Load(stream);
    }

    /// <summary>Reads the GOV.UK format: <c>{ "england-and-wales": { "division": ..., "events": [ { "date": "2026-12-25", ... } ] }, ... }</c>.</summary>
    public static BankHolidays Load(Stream json)
    {
        var file = JsonSerializer.Deserialize<Dictionary<string, DivisionFile>>(json)
            ?? throw new InvalidDataException("bank-holidays.json is empty.");
        var divisions = new Dictionary<HolidayDivision, (int, int, FrozenSet<DateOnly>)>();
        foreach (var (key, value) in file)
        {
            if (!TryParseDivision(key, out var division) || value.Events is not { Count: > 0 } events)
            {
                continue;
            }

            var dates = events
                .Select(e => DateOnly.ParseExact(e.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture))
                .ToFrozenSet();
            divisions[division] = (dates.Min().Year, dates.Max().Year, dates);
        }

        return new BankHolidays(divisions.ToFrozenDictionary());
    }

    public bool IsHoliday(HolidayDivision division, DateOnly date)
    {
        if (_snapshot.TryGetValue(division, out var snapshot) && date.Year >= snapshot.FirstYear && date.Year <= snapshot.LastYear)
        {
            return snapshot.Dates.Contains(date);
        }

        return ByRule(division, date.Year).Contains(date);
    }

    /// <summary>The usual pattern of a year's bank holidays, with substitute days for those on a weekend.</summary>
    public static IReadOnlyList<DateOnly> ByRule(HolidayDivision division, int year)
    {
        var easter = EasterSunday(year);
        var fixedDays = new List<DateOnly> { new(year, 1, 1) };
        var movable = new List<DateOnly> { easter.AddDays(-2) };

        if (division == HolidayDivision.Scotland)
        {
            fixedDays.Add(new DateOnly(year, 1, 2));
        }
        else
        {
            movable.Add(easter.AddDays(1));
        }

        if (division == HolidayDivision.NorthernIreland)
        {
            fixedDays.Add(new DateOnly(year, 3, 17));
            fixedDays.Add(new DateOnly(year, 7, 12));
        }

        movable.Add(FirstMonday(year, 5));
        movable.Add(LastMonday(year, 5));
        movable.Add(division == HolidayDivision.Scotland ? FirstMonday(year, 8) : LastMonday(year, 8));

        if (division == HolidayDivision.Scotland)
        {
            fixedDays.Add(new DateOnly(year, 11, 30));
        }

        fixedDays.Add(new DateOnly(year, 12, 25));
        fixedDays.Add(new DateOnly(year, 12, 26));

        // A fixed day on a weekend, or on a day already taken, moves to the next free weekday:
        // Christmas on a Saturday gives Monday 27th, and Boxing Day on the Sunday then gives Tuesday 28th.
        var taken = new HashSet<DateOnly>(movable);
        foreach (var day in fixedDays)
        {
            var observed = day;
            while (observed.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || taken.Contains(observed))
            {
                observed = observed.AddDays(1);
            }

            taken.Add(observed);
        }

        return [.. taken.Order()];
    }

    /// <summary>Western Easter Sunday (the anonymous Gregorian computus).</summary>
    public static DateOnly EasterSunday(int year)
    {
        int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
        int f = (b + 8) / 25, g = (b - f + 1) / 3, h = ((19 * a) + b - d - g + 15) % 30;
        int i = c / 4, k = c % 4, l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        int m = (a + (11 * h) + (22 * l)) / 451;
        int month = (h + l - (7 * m) + 114) / 31, day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    private static DateOnly FirstMonday(int year, int month)
    {
        var day = new DateOnly(year, month, 1);
        while (day.DayOfWeek != DayOfWeek.Monday)
        {
            day = day.AddDays(1);
        }

        return day;
    }

    private static DateOnly LastMonday(int year, int month)
    {
        var day = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        while (day.DayOfWeek != DayOfWeek.Monday)
        {
            day = day.AddDays(-1);
        }

        return day;
    }

    private sealed record DivisionFile(
        [property: JsonPropertyName("division")] string? Division,
        [property: JsonPropertyName("events")] List<EventFile>? Events);

    private sealed record EventFile(
        [property: JsonPropertyName("title")] string? Title,
        [property: JsonPropertyName("date")] string Date);
}
