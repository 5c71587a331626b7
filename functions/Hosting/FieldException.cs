namespace FosteringWorkflows.Hosting;

/// <summary>A field found wrong only against the stored journey (a date before its latest step): answered 400 naming the field, nothing written.</summary>
public sealed class FieldException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
