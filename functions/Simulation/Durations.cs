using System.Globalization;
using System.Text.RegularExpressions;

namespace FosteringWorkflows.Simulation;

/// <summary>
/// ISO 8601 durations as people write them: <c>P1Y2M</c>, <c>P1W</c>, <c>P7D</c>, <c>PT1.5H</c>, <c>P1DT12H</c>. Years and
/// months are calendar years and months from the instant they are added to; a fraction is allowed on the other parts.
/// </summary>
public static partial class Durations
{
    /// <summary>The furthest the simulated clock moves in one step.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(3653);

    /// <summary>The instant <paramref name="duration"/> after <paramref name="from"/>; null when it is not a duration or runs off the calendar.</summary>
    public static DateTimeOffset? After(DateTimeOffset from, string duration)
    {
        var match = Pattern().Match(duration);
        if (!match.Success || duration is "P" or "PT" || duration.EndsWith('T'))
        {
            return null;
        }

        double Part(string name) => match.Groups[name].Success ? double.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        var (years, months) = (Part("y"), Part("mo"));
        var rest = TimeSpan.FromDays(Part("w") * 7) + TimeSpan.FromDays(Part("d")) + TimeSpan.FromHours(Part("h")) + TimeSpan.FromMinutes(Part("mi")) + TimeSpan.FromSeconds(Part("s"));
        if (years > 10 || months > 120 || rest > Longest)
        {
            return null;
        }

        return from.AddYears((int)years).AddMonths((int)months) + rest;
    }

    [GeneratedRegex(@"^P(?:(?<y>\d{1,2})Y)?(?:(?<mo>\d{1,3})M)?(?:(?<w>\d{1,3}(?:\.\d+)?)W)?(?:(?<d>\d{1,4}(?:\.\d+)?)D)?(?:T(?:(?<h>\d{1,5}(?:\.\d+)?)H)?(?:(?<mi>\d{1,6}(?:\.\d+)?)M)?(?:(?<s>\d{1,8}(?:\.\d+)?)S)?)?\z")]
    private static partial Regex Pattern();
}
