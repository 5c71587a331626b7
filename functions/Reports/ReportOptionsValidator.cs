using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Reports;

/// <summary>Refuses a report limit that would let nobody read a report.</summary>
internal sealed class ReportOptionsValidator : IValidateOptions<ReportOptions>
{
    public ValidateOptionsResult Validate(string? name, ReportOptions options) =>
        options.RequestsPerMinute >= 1 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail("Reports:RequestsPerMinute must be at least 1.");
}
