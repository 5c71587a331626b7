using Microsoft.Extensions.Options;

namespace FosteringWorkflows.Storage;

/// <summary>Refuses a table and queue prefix that storage would not accept.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options) =>
        options.Prefix.Length == 0 || (char.IsAsciiLetterLower(options.Prefix[0]) && options.Prefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Storage:Prefix is lower-case letters and digits, starting with a letter.");
}
