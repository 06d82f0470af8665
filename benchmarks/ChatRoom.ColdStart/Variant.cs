using System.Diagnostics;

namespace ChatRoom.ColdStart;

/// <summary>A published bootstrap: a framework-dependent <c>.dll</c> (run with <c>dotnet</c>, as the managed runtime runs its host) or a native executable.</summary>
internal sealed record Variant(string Name, string Path)
{
    public static Variant Parse(string value)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == value.Length - 1)
        {
            throw new ArgumentException($"--variant takes name=path, e.g. jit=artifacts/cold-start/jit/ChatRoom.ColdStart.Bootstrap.dll; got '{value}'.");
        }

        var path = System.IO.Path.GetFullPath(value[(equals + 1)..]);
        return File.Exists(path) ? new Variant(value[..equals], path) : throw new ArgumentException($"{path} does not exist: publish the bootstrap first (see docs/benchmarks.md).");
    }

    public ProcessStartInfo StartInfo()
    {
        var managed = Path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var info = new ProcessStartInfo(managed ? "dotnet" : Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (managed)
        {
            info.ArgumentList.Add(Path);
        }

        // Nothing of this tool's own runtime settings may reach the function: it starts as Lambda would start it.
        foreach (var name in info.Environment.Keys.Where(k => (k.StartsWith("DOTNET_", StringComparison.Ordinal) && k != "DOTNET_ROOT") || k.StartsWith("COMPlus_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        return info;
    }
}
