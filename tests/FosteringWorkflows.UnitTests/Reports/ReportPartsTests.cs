using FosteringWorkflows.TestShared;
using FosteringWorkflows.Reports;
using FosteringWorkflows.Reports.Pages;

namespace FosteringWorkflows.UnitTests.Reports;

/// <summary>The small parts the reports and pages are built from, each checked against values worked out by hand.</summary>
public sealed class ReportPartsTests
{
    [Theory]
    [InlineData(new long[] { 1, 2, 3, 4 }, 0.5, 2.5)]
    [InlineData(new long[] { 1, 2, 3, 4 }, 0.9, 3.7)]
    [InlineData(new long[] { 7 }, 0.9, 7.0)]
    [InlineData(new long[] { 10, 20, 30, 40, 50 }, 0.5, 30.0)]
    [InlineData(new long[] { 10, 20, 30, 40, 50 }, 0.9, 46.0)]
    public void Percentile_InterpolatesBetweenTheNearestRanks(long[] sorted, double p, double expected) =>
        Assert.Equal(expected, Figures.Percentile(sorted, p)!.Value, 6);

    [Fact]
    public void Percentile_OfNothing_IsNull() => Assert.Null(Figures.Percentile([], 0.5));

    [Theory]
    [InlineData("/dashboard", true)]
    [InlineData("/reports/sla?from=2026-01-01", true)]
    [InlineData("/", true)]
    [InlineData("//evil.example/", false)]
    [InlineData("/\\evil.example/", false)]
    [InlineData("https://evil.example/", false)]
    [InlineData("evil.example", false)]
    [InlineData("/ok\r\nSet-Cookie: x=y", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void SignInReturnUrl_OnlyAPathOnThisService(string? url, bool local) => Assert.Equal(local, ReportPages.IsLocal(url));

    [Theory]
    [InlineData("InitialVisitToApplication", "Initial visit to application")]
    [InlineData("Stage1Complete", "Stage 1 complete")]
    [InlineData("EnquiryResponse", "Enquiry response")]
    [InlineData("BeforeApplication", "Before application")]
    [InlineData("FormF", "Form F")]
    [InlineData("Stage1Notice", "Stage 1 notice")]
    public void Words_SpellsANameForPeople(string name, string words) => Assert.Equal(words, ReportPages.Words(name));

    [Theory]
    [InlineData(0, 0, "PT0S")]
    [InlineData(1, 30, "PT1H30M")]
    [InlineData(50, 0, "P2DT2H")]
    public void Duration_IsIso8601ToTheMinute(int hours, int minutes, string iso) =>
        Assert.Equal(iso, ReportBuilder.Duration(new TimeSpan(hours, minutes, 42)));

    [Theory]
    [InlineData(Chart.BarColour)]
    [InlineData(Chart.TextColour)]
    [InlineData(Chart.AxisColour)]
    public void ChartColours_AtLeastThreeToOneOnWhite(string colour) => Assert.True(ColourContrast.WithWhite(colour) >= 3);
}
