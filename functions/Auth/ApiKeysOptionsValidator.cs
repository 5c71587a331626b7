using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Auth;

/// <summary>Refuses a key without a name, or one short enough to guess.</summary>
internal sealed class ApiKeysOptionsValidator : IValidateOptions<ApiKeysOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiKeysOptions options) =>
        options.Keys.All(k => !string.IsNullOrWhiteSpace(k.Name) && k.Key.Length >= 12)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Every ApiKeys entry needs a Name and a Key of at least 12 characters.");
}
