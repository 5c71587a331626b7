namespace FosteringWorkflows.Councils;

public sealed class BuddyOptions
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public int Capacity { get; set; } = 3;
}
