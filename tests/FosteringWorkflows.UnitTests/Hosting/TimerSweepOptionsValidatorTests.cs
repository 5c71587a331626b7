using FosteringWorkflows.Hosting;

namespace FosteringWorkflows.UnitTests.Hosting;

/// <summary>
/// The owner's grace may be none (every due timer swept at once) but never negative (timers swept before they are due);
/// an instance wakes its own timers with at least one slot and no more than 256 at once.
/// </summary>
public sealed class TimerSweepOptionsValidatorTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(10, true)]
    [InlineData(-1, false)]
    public void OwnerGrace_ZeroOrMore_IsAccepted_NegativeIsRefusedNamingIt(int seconds, bool accepted)
    {
        var result = new TimerSweepOptionsValidator().Validate(null, new TimerSweepOptions { OwnerGrace = TimeSpan.FromSeconds(seconds) });

        Assert.Equal(accepted, result.Succeeded);
        if (!accepted)
        {
            Assert.Contains("ownerGrace", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(32, true)]
    [InlineData(256, true)]
    [InlineData(0, false)]
    [InlineData(257, false)]
    public void WakeSlots_OneTo256_IsAccepted_OtherwiseRefusedNamingIt(int slots, bool accepted)
    {
        var result = new TimerSweepOptionsValidator().Validate(null, new TimerSweepOptions { WakeSlots = slots });

        Assert.Equal(accepted, result.Succeeded);
        if (!accepted)
        {
            Assert.Contains("wakeSlots", result.FailureMessage, StringComparison.Ordinal);
        }
    }
}
