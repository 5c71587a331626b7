namespace FosteringWorkflows.Journeys;

/// <summary>
/// One thing a journey did that the reports count: <see cref="Counter"/> goes up by one on <see cref="Day"/> (the council's
/// local date), with a measured <see cref="Minutes"/> where there is one, and a breach to list or settle where there is one.
/// <see cref="Key"/> names the fact within its journey, so folding it twice is refused (see <see cref="IFigureKeeper"/>).
/// </summary>
/// A fact with <see cref="Delta"/> −1 takes one back (a journey routed to another owner leaves its old owner's figures).
public sealed record Fact(string Key, DateOnly Day, string Counter, long? Minutes = null, BreachNote? Breach = null, bool DropBreach = false, int Delta = 1);
