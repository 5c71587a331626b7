namespace FosteringWorkflows.Hosting;

public enum ClockMode
{
    Real,
    Simulated,
}
