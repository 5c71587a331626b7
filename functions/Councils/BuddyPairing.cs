namespace FosteringWorkflows.Councils;

/// <summary>The experienced carer paired with the enquirer, from the council's buddy pool.</summary>
public sealed record BuddyPairing(string Id, string Name);
