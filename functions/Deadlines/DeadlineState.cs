namespace FosteringWorkflows.Deadlines;

public enum DeadlineState
{
    Pending,
    Warned,
    Breached,
    Met,
    Cancelled,
}
