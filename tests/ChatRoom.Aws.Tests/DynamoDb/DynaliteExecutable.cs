using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ChatRoom.Aws.Tests.DynamoDb;

/// <summary>The dynalite that <c>scripts/test.sh</c> installs (<c>npm ci --prefix tools/dynalite</c>), started on 127.0.0.1.</summary>
/// <remarks>Missing means failing, never skipping.</remarks>
public static class DynaliteExecutable
{
    /// <summary>Starts dynalite on <paramref name="port"/>: in memory, or on disk in <paramref name="dataDirectory"/>.</summary>
    public static Process Start(int port, string? dataDirectory = null)
    {
        List<string> arguments = ["--port", port.ToString(CultureInfo.InvariantCulture), "--host", "127.0.0.1"];
        if (dataDirectory is not null)
        {
            arguments.AddRange(["--path", dataDirectory]);
        }

        return Process.Start(new ProcessStartInfo(Find(), arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("dynalite did not start.");
    }

    /// <summary>A loopback port that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ChatRoom.sln")))
            {
                var executable = Path.Combine(directory.FullName, "tools", "dynalite", "node_modules", ".bin", "dynalite");
                return File.Exists(executable)
                    ? executable
                    : throw new InvalidOperationException($"dynalite is not installed at {executable}. Run: npm ci --prefix tools/dynalite (scripts/test.sh does this).");
            }
        }

        throw new InvalidOperationException("ChatRoom.sln not found above " + AppContext.BaseDirectory);
    }
}
