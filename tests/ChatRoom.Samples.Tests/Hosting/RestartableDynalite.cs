using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ChatRoom.Aws.Tests.DynamoDb;

namespace ChatRoom.Samples.Tests.Hosting;

/// <summary>
/// A dynalite that keeps its data on disk (<c>--path</c>), so that it can be stopped (DynamoDB is down) and started again
/// on the same port with the same data (DynamoDB is back), or frozen and thawed (DynamoDB stops answering).
/// </summary>
public sealed class RestartableDynalite : IAsyncDisposable
{
    private readonly string _dataDirectory;
    private readonly int _port;
    private Process? _process;

    private RestartableDynalite(string dataDirectory, int port)
    {
        _dataDirectory = dataDirectory;
        _port = port;
        ServiceUrl = $"http://127.0.0.1:{port}";
    }

    public string ServiceUrl { get; }

    /// <summary>Starts a dynalite on a free port with a new, empty data directory.</summary>
    public static async Task<RestartableDynalite> StartAsync()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "chatroom-dynalite-" + Guid.NewGuid().ToString("N")[..12]);
        var dynalite = new RestartableDynalite(dataDirectory, DynaliteExecutable.FreePort());
        await dynalite.RestartAsync();
        return dynalite;
    }

    /// <summary>Kills the process: connections are refused until <see cref="RestartAsync"/>.</summary>
    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Starts the process again on the same port over the same data, and waits until it accepts connections.</summary>
    public async Task RestartAsync()
    {
        Stop();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            // The port may take a moment to be free again after the kill; start until one process stays up.
            _process = DynaliteExecutable.Start(_port, _dataDirectory);
            while (!_process.HasExited)
            {
                if (await AcceptsAsync(timeout.Token))
                {
                    return;
                }

                await Task.Delay(100, timeout.Token);
            }

            _process.Dispose();
            _process = null;
            await Task.Delay(200, timeout.Token);
        }
    }

    /// <summary>Freezes the process (SIGSTOP): connections are accepted by the kernel but nothing is answered.</summary>
    public void Freeze() => Signal("STOP");

    /// <summary>Thaws a frozen process (SIGCONT).</summary>
    public void Thaw() => Signal("CONT");

    public async ValueTask DisposeAsync()
    {
        Stop();
        await Task.Yield();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private void Signal(string signal)
    {
        var pid = _process?.Id ?? throw new InvalidOperationException("dynalite is not running.");
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start.");
        kill.WaitForExit(10_000);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {pid} failed with {kill.ExitCode}.");
        }
    }

    private async Task<bool> AcceptsAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, _port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
