namespace FosteringWorkflows.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>
    /// Put before every table and queue name (lower-case letters and digits): several services, or several
    /// test hosts, can then share one account without seeing each other's data.
    /// </summary>
    public string Prefix { get; set; } = "";
}
