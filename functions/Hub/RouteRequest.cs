namespace FosteringWorkflows.Hub;

public sealed record RouteRequest(string? LocalAuthority);
