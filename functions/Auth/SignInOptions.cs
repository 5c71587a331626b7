namespace FosteringWorkflows.Auth;

/// <summary>
/// Which staff a signed-in account is: each group id or app role in its token (<c>groups</c>, <c>roles</c>) named here maps to a
/// role and councils, as an API key does: <c>SignIn__Groups__&lt;group or role&gt; = Manager:hertfordshire</c> (or <c>Officer:*</c>).
/// </summary>
public sealed class SignInOptions
{
    public const string Section = "SignIn";

    public Dictionary<string, string> Groups { get; } = new(StringComparer.Ordinal);
}
