using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Hosting;

/// <summary>Refuses a sweep that would never run or read nothing.</summary>
internal sealed class TimerSweepOptionsValidator : IValidateOptions<TimerSweepOptions>
{
    public ValidateOptionsResult Validate(string? name, TimerSweepOptions options) =>
        options.SweepInterval > TimeSpan.Zero && options.PageSize is >= 1 and <= 1000 && options.OwnerGrace >= TimeSpan.Zero
            && options.WakeSlots is >= 1 and <= 256
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("extensions:durableTimers: sweepInterval positive, pageSize 1 to 1000, ownerGrace zero or more, wakeSlots 1 to 256.");
}
