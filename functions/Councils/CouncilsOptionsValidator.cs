using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Councils;

/// <summary>Refuses to start with a council whose settings cannot work, naming the setting.</summary>
internal sealed class CouncilsOptionsValidator : IValidateOptions<CouncilsOptions>
{
    public ValidateOptionsResult Validate(string? name, CouncilsOptions options)
    {
        var failures = new List<string>();
        if (options.Items.Count == 0)
        {
            failures.Add("No councils are configured (Councils__<id>__Name).");
        }

        foreach (var (id, council) in options.Items)
        {
            var prefix = $"Councils:{id}";
            if (!IsId(id))
            {
                failures.Add($"{prefix}: a council id is lower-case letters, digits and hyphens.");
            }

            if (string.IsNullOrWhiteSpace(council.Name))
            {
                failures.Add($"{prefix}:Name is required.");
            }

            if (council.Targets is { } t && (t.Enquiries < 0 || t.InitialVisits < 0 || t.SkillsToFosterInvitations < 0 || t.ApprovalWithinDays is < 1 or > 3660))
            {
                failures.Add($"{prefix}:Targets: monthly targets are 0 or more; ApprovalWithinDays is 1 to 3660.");
            }

            if (string.IsNullOrWhiteSpace(council.TeamEmail))
            {
                failures.Add($"{prefix}:TeamEmail is required: staff alerts go there.");
            }
        }

        Routing(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Each postcode district routed to one council; triage teams take none; buddies well formed and unique.</summary>
    private static void Routing(CouncilsOptions options, List<string> failures)
    {
        var districts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, council) in options.Items)
        {
            if (!PostcodeDistricts.TryExpand(council.PostcodeDistricts, out var expanded))
            {
                failures.Add($"Councils:{id}:PostcodeDistricts '{council.PostcodeDistricts}' must list districts or ranges such as 'PO1-PO6,SO14'.");
                continue;
            }

            foreach (var district in expanded)
            {
                if (!districts.TryAdd(district, id))
                {
                    failures.Add($"Councils:{id}:PostcodeDistricts: {district} is already routed to {districts[district]}.");
                }
            }

            if (council.Kind == OwnerKind.TriageTeam && (expanded.Count > 0 || council.Buddies.Count > 0))
            {
                failures.Add($"Councils:{id}: a triage team takes no postcode districts and no buddies.");
            }

            foreach (var buddy in council.Buddies)
            {
                if (!IsId(buddy.Id) || string.IsNullOrWhiteSpace(buddy.Name) || buddy.Capacity < 1)
                {
                    failures.Add($"Councils:{id}:Buddies: each buddy needs an Id (lower-case letters, digits, hyphens), a Name and a Capacity of at least 1.");
                }
            }

            if (council.Buddies.Select(b => b.Id).Distinct(StringComparer.Ordinal).Count() != council.Buddies.Count)
            {
                failures.Add($"Councils:{id}:Buddies: buddy ids must be unique.");
            }
        }
    }

    internal static bool IsId(string id) =>
        id.Length is > 0 and <= 63 && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
