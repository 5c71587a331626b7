using System.Globalization;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using FosteringWorkflows.Storage;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What the service's tables hold, by table (its shards together) and, in the work index, by kind of row: rows, and
/// characters (each property's name and its value as text: keys, timestamp and ETag too), which is what Azurite keeps in
/// its heap for a row beside its objects. Taken before and after seeding a sample of journeys, the difference is what
/// one seeded journey costs.
/// </summary>
internal sealed partial class StorageSize
{
    private readonly Dictionary<string, (long Rows, long Bytes)> _byTable = new(StringComparer.Ordinal);

    public static async Task<StorageSize> TakeAsync(IServiceProvider services)
    {
        var storage = services.GetRequiredService<StorageAccount>();
        var prefix = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value.Prefix;
        var size = new StorageSize();
        await foreach (var table in storage.Tables.QueryAsync())
        {
            var family = Family().Match(table.Name);
            if (!table.Name.StartsWith(prefix, StringComparison.Ordinal) || !family.Success || family.Groups[1].Length != prefix.Length)
            {
                continue;
            }

            var name = family.Groups[2].Value;
            await foreach (var row in storage.Tables.GetTableClient(table.Name).QueryAsync<TableEntity>(maxPerPage: 1000))
            {
                var bytes = row.Sum(p => p.Key.Length + p.Value switch
                {
                    string text => text.Length,
                    DateTimeOffset => 28, // as Azurite keeps it: 2026-12-07T04:15:39.4897732Z
                    _ => Convert.ToString(p.Value, CultureInfo.InvariantCulture)?.Length ?? 0,
                });
                size.Add(name, bytes);
                if (name == "Worklist")
                {
                    size.Add($"Worklist {row.RowKey[..2]}", bytes);
                }
            }
        }

        return size;
    }

    /// <summary>Prints what each journey seeded between <paramref name="before"/> and <paramref name="after"/> added, table by table.</summary>
    public static void PrintPerJourney(Bench bench, StorageSize before, StorageSize after, int journeys)
    {
        var added = after._byTable.Select(t =>
        {
            var was = before._byTable.GetValueOrDefault(t.Key);
            return (Table: t.Key, Rows: (t.Value.Rows - was.Rows) / (double)journeys, Bytes: (t.Value.Bytes - was.Bytes) / (double)journeys);
        }).Where(t => t.Rows != 0 || t.Bytes != 0).ToList();
        var total = added.Where(t => !t.Table.Contains(' ', StringComparison.Ordinal)).ToList();
        bench.Line(string.Create(CultureInfo.InvariantCulture,
            $"{"storage a seeded journey",-34} {total.Sum(t => t.Rows):F1} rows, {total.Sum(t => t.Bytes):F0} characters (the first {journeys} seeded)"));
        foreach (var (table, rows, bytes) in added.OrderByDescending(t => t.Table.StartsWith("Worklist", StringComparison.Ordinal)).ThenBy(t => t.Table, StringComparer.Ordinal))
        {
            bench.Line(string.Create(CultureInfo.InvariantCulture, $"{"  " + table,-34} {rows,5:F1} rows {bytes,7:F0} chars  ({(rows == 0 ? 0 : bytes / rows):F0} a row)"));
        }
    }

    private void Add(string name, int bytes)
    {
        var (rows, total) = _byTable.GetValueOrDefault(name);
        _byTable[name] = (rows + 1, total + bytes);
    }

    /// <summary>A table's name: the prefix, the table's family, and its shard's number if it has one.</summary>
    [GeneratedRegex("^([a-z0-9]*?)([A-Z][A-Za-z]*)[0-9]*$")]
    private static partial Regex Family();
}
