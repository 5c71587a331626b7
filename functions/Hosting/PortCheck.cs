using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;

namespace FosteringWorkflows.Hosting;

/// <summary>
/// Before the server starts: is an address it is to listen on already taken? Then the service says so in one line
/// (and exits 1) instead of a host failure with a stack trace.
/// </summary>
public static class PortCheck
{
    public static string Message(string address) =>
        $"Cannot listen on {address}: the port is already in use. Stop the other program, or choose another address with ASPNETCORE_URLS (for example http://127.0.0.1:7072).";

    /// <summary>Runs the service until it is stopped: 0, or 1 with one line when an address it is to listen on is taken.</summary>
    public static async Task<int> RunOrSayWhyAsync(this WebApplication app)
    {
        if (FirstInUse(app) is { } taken)
        {
            await Console.Error.WriteLineAsync(Message(taken));
            return 1;
        }

        try
        {
            await app.RunAsync();
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            // One line instead of a stack trace: the usual cause is a second copy of the service, or another program.
            await Console.Error.WriteLineAsync(Message(string.Join(", ", app.Urls)));
            return 1;
        }

        return 0;
    }

    public static string? FirstInUse(WebApplication app)
    {
        // Only a real server binds ports (the tests' in-memory server does not).
        if (!app.Services.GetRequiredService<IServer>().GetType().Name.Contains("Kestrel", StringComparison.Ordinal))
        {
            return null;
        }

        var urls = app.Configuration["urls"] ?? app.Configuration["ASPNETCORE_URLS"] ?? "";
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) || uri.Port == 0)
            {
                continue;
            }

            var address = IPAddress.TryParse(uri.Host, out var ip) ? ip : IPAddress.Loopback;
            try
            {
                using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                probe.Bind(new IPEndPoint(address, uri.Port));
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                return url;
            }
        }

        return null;
    }
}
