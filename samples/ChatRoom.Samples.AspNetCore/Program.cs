using ChatRoom.Samples.AspNetCore;

if (args is [DevTokenCommand.Name, .. var rest])
{
    // "dotnet run -- token --user alice --rooms private.ops": a development token signed with the configured key.
    var configuration = new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine(rest.Where(static a => a.StartsWith("--ChatRoom:", StringComparison.OrdinalIgnoreCase)).ToArray())
        .Build();
    return DevTokenCommand.Run(rest, configuration, Console.Out, Console.Error);
}

SampleApp.Build(args).Run();
return 0;
