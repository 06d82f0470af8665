using ChatRoom.Samples.LocalGateway;
using Microsoft.Extensions.Logging.Testing;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>
/// On a fresh clone <c>dotnet run</c> installs dynalite itself with the test command's <c>npm ci</c>; run here on a copy of
/// tools/dynalite (package.json and package-lock.json), which npm installs from its cache.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DynaliteInstallerTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("chatroom-dynalite-");
    private readonly FakeLogger _logger = new();

    [Fact]
    public async Task InstallAsync_CopyOfToolsDynalite_InstallsTheExecutableAndLogsTheCommand()
    {
        CopyToolDirectory();

        var executable = await DynaliteInstaller.InstallAsync(_directory.FullName, DynaliteInstaller.Npm, _logger, CancellationToken.None);

        Assert.True(File.Exists(executable), executable);
        Assert.Equal(DynaliteInstaller.ExecutableIn(_directory.FullName), executable);
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Message.Contains($"npm ci --prefix {_directory.FullName} --no-audit --no-fund --loglevel=error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FindOrInstallAsync_FreshCloneWithoutNodeModules_InstallsOnceThenFindsIt()
    {
        var clone = _directory.CreateSubdirectory("clone");
        CopyToolDirectory(clone.CreateSubdirectory("tools").CreateSubdirectory("dynalite"));
        var workingDirectory = clone.CreateSubdirectory("samples").CreateSubdirectory("ChatRoom.Samples.LocalGateway").FullName;

        var installed = await DynaliteProcess.FindOrInstallAsync([workingDirectory], DynaliteInstaller.Npm, _logger, CancellationToken.None);
        var installs = _logger.Collector.Count;
        var found = await DynaliteProcess.FindOrInstallAsync([workingDirectory], "npm-is-not-needed-now", _logger, CancellationToken.None);

        Assert.Equal(DynaliteInstaller.ExecutableIn(Path.Combine(clone.FullName, "tools", "dynalite")), installed);
        Assert.Equal(installed, found);
        Assert.Equal(installs, _logger.Collector.Count); // found, not installed again
    }

    [Fact]
    public async Task FindOrInstallAsync_NoToolDirectoryAbove_FailsNamingTheSettings()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            DynaliteProcess.FindOrInstallAsync([_directory.FullName], DynaliteInstaller.Npm, _logger, CancellationToken.None));

        Assert.Contains("ChatRoom:DynamoDb:ServiceUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstallAsync_NpmMissing_FailsNamingTheCommand()
    {
        CopyToolDirectory();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            DynaliteInstaller.InstallAsync(_directory.FullName, "npm-is-not-installed-here", _logger, CancellationToken.None));

        Assert.Contains("npm-is-not-installed-here", error.Message, StringComparison.Ordinal);
        Assert.Contains($"npm ci --prefix {_directory.FullName}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstallAsync_NpmFails_FailsNamingTheCommandAndNpmsError()
    {
        File.WriteAllText(Path.Combine(_directory.FullName, "package.json"), """{ "name": "broken", "version": "1.0.0" }"""); // npm ci needs a lock file

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            DynaliteInstaller.InstallAsync(_directory.FullName, DynaliteInstaller.Npm, _logger, CancellationToken.None));

        Assert.Contains($"npm ci --prefix {_directory.FullName}", error.Message, StringComparison.Ordinal);
        Assert.Contains("exit code", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private void CopyToolDirectory(DirectoryInfo? target = null)
    {
        var tools = FindToolDirectory();
        foreach (var file in new[] { "package.json", "package-lock.json" })
        {
            File.Copy(Path.Combine(tools, file), Path.Combine((target ?? _directory).FullName, file));
        }
    }

    private static string FindToolDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tools", "dynalite");
            if (File.Exists(Path.Combine(candidate, "package-lock.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tools/dynalite/package-lock.json was not found above the test binaries.");
    }
}
