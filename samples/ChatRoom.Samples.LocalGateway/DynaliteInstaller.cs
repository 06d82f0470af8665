using System.Diagnostics;
using System.ComponentModel;

namespace ChatRoom.Samples.LocalGateway;

/// <summary>Installs dynalite from the repository's <c>tools/dynalite</c> (package.json and package-lock.json) with the command the test script runs.</summary>
internal static partial class DynaliteInstaller
{
    /// <summary>The npm arguments after <c>--prefix {directory}</c>: the same as <c>scripts/test.sh</c>'s.</summary>
    private static readonly string[] CiArguments = ["--no-audit", "--no-fund", "--loglevel=error"];

    /// <summary>The npm executable: <c>npm</c>, or <c>npm.cmd</c> on Windows.</summary>
    public static string Npm => OperatingSystem.IsWindows() ? "npm.cmd" : "npm";

    /// <summary>The dynalite executable inside an installed tool directory.</summary>
    public static string ExecutableIn(string toolDirectory) =>
        Path.Combine(toolDirectory, "node_modules", ".bin", OperatingSystem.IsWindows() ? "dynalite.cmd" : "dynalite");

    /// <summary>The command, as a user would type it, for messages.</summary>
    public static string Command(string toolDirectory) => $"npm ci --prefix {toolDirectory} {string.Join(' ', CiArguments)}";

    /// <summary>Runs <c>npm ci</c> in <paramref name="toolDirectory"/> and returns the dynalite executable.</summary>
    /// <param name="toolDirectory">A directory with dynalite's package.json and package-lock.json.</param>
    /// <param name="npm">The npm executable.</param>
    /// <param name="logger">Where the installation is logged.</param>
    /// <param name="cancellationToken">Stops waiting (and kills npm).</param>
    /// <returns>The path of the installed executable.</returns>
    /// <exception cref="InvalidOperationException">npm is missing, fails, or installs no dynalite; the message names the command.</exception>
    public static async Task<string> InstallAsync(string toolDirectory, string npm, ILogger logger, CancellationToken cancellationToken)
    {
        var command = Command(toolDirectory);
        Log.Installing(logger, command);
        var start = new ProcessStartInfo(npm, ["ci", "--prefix", toolDirectory, .. CiArguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"'{npm}' did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"dynalite is not installed and npm ('{npm}') was not found: install Node.js (npm), then run '{command}', or set {DynaliteProcess.ServiceUrlKey} to a DynamoDB endpoint.", ex);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var messages = (await error).Trim();
            if (messages.Length == 0)
            {
                messages = (await output).Trim();
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"'{command}' failed with exit code {process.ExitCode}: {messages}");
            }
        }

        var executable = ExecutableIn(toolDirectory);
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"'{command}' succeeded but installed no {executable}.");
        }

        Log.Installed(logger, executable);
        return executable;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "dynalite is not installed; installing it: {Command}")]
        public static partial void Installing(ILogger logger, string command);

        [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "dynalite installed at {Executable}")]
        public static partial void Installed(ILogger logger, string executable);
    }
}
