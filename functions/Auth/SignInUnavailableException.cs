namespace FosteringWorkflows.Auth;

/// <summary>The identity provider's metadata could not be read and none is held: nobody can be sent to sign in just now.</summary>
public sealed class SignInUnavailableException(string message, Exception inner) : Exception(message, inner);
