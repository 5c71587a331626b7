namespace FosteringWorkflows.Auth;

public sealed class ApiKeysOptions
{
    public const string Section = "ApiKeys";

    public List<ApiKeyOptions> Keys { get; } = [];
}
