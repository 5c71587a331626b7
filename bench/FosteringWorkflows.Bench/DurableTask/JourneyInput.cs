/// <summary>What a journey orchestration starts with: how long its enquiry clock runs and whether to acknowledge.</summary>
internal sealed class JourneyInput
{
    public TimeSpan EnquiryClock { get; set; }

    public bool Acknowledge { get; set; }
}
