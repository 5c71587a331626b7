using FosteringWorkflows.Councils;
using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Hub;

internal sealed class HubsOptionsValidator(IOptions<CouncilsOptions> councils) : IValidateOptions<HubsOptions>
{
    public ValidateOptionsResult Validate(string? name, HubsOptions options)
    {
        var failures = new List<string>();
        foreach (var (id, hub) in options.Items)
        {
            if (hub.Secrets.Count is 0 or > 2 || hub.Secrets.Any(s => s.Length < 12))
            {
                failures.Add($"Hubs:{id}:Secrets: one or two secrets (two while rotating), each at least 12 characters.");
            }

            if (!councils.Value.Items.TryGetValue(hub.TriageTeam, out var triage) || triage.Kind != OwnerKind.TriageTeam)
            {
                failures.Add($"Hubs:{id}:TriageTeam '{hub.TriageTeam}' must name a configured owner of Kind TriageTeam.");
            }

            if (hub.RequestsPerMinute < 1)
            {
                failures.Add($"Hubs:{id}:RequestsPerMinute must be at least 1.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
