using ChatRoom.Samples.Lambda;
using ChatRoom.Samples.Lambda.Page;

namespace ChatRoom.Samples.LocalGateway;

/// <summary>
/// The local API Gateway WebSocket gateway: WebSocket clients at <c>/{stage}</c> (and <c>/ws</c>, for pages that connect to their own origin),
/// the <c>@connections</c> management API, the chat page from the sample's page function (as the stack's HTTP API
/// serves it), and the Lambda sample invoked in-process on dynalite.
/// </summary>
public static class GatewayApp
{
    /// <summary>Where the gateway listens unless <c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>Urls</c> or Kestrel endpoints say otherwise: loopback only (127.0.0.1 and ::1).</summary>
    public const string DefaultUrls = "http://localhost:5090";

    /// <summary>Builds the gateway; configuration comes from appsettings.json, environment variables and the command line.</summary>
    /// <param name="args">Command-line arguments, e.g. <c>--urls http://127.0.0.1:0</c> or <c>--ChatRoom:DynamoDb:ServiceUrl=http://127.0.0.1:8000</c>.</param>
    /// <param name="configureServices">Runs after the gateway registered its services; tests use it.</param>
    /// <param name="configureFunction">Runs after the Lambda sample registered its services (e.g. an <c>IChatAuthorizer</c>); tests use it.</param>
    /// <returns>The app, ready to run.</returns>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null, Action<IServiceCollection>? configureFunction = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // A development tool without TLS or connection limits stays on this machine unless told otherwise. The default
        // is set here, not in appsettings.json, where it would override ASPNETCORE_URLS (and launchSettings.json).
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]) && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        var gateway = builder.Configuration.GetSection(LocalGatewayOptions.SectionName).Get<LocalGatewayOptions>() ?? new LocalGatewayOptions();
        gateway.Validate();
        builder.Services.Configure<LocalGatewayOptions>(builder.Configuration.GetSection(LocalGatewayOptions.SectionName));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<DynaliteProcess>();
        builder.Services.AddHostedService(static provider => provider.GetRequiredService<DynaliteProcess>());
        builder.Services.AddSingleton(new FunctionCustomization(configureFunction));
        builder.Services.AddSingleton<LambdaHost>();
        builder.Services.AddHostedService(static provider => provider.GetRequiredService<LambdaHost>());
        builder.Services.AddSingleton<ConnectionRegistry>();
        builder.Services.AddSingleton(provider => new ProxyEventWriter(gateway.ApiId, gateway.Stage, provider.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<WebSocketEndpoint>();
        builder.Services.AddSingleton<PostFaults>();
        builder.Services.AddSingleton<ConnectionsApi>();
        builder.Services.AddSingleton(new PageFunction(PageOptionsFor(builder.Configuration, gateway)));
        builder.Services.AddSingleton<PageEndpoint>();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });

        var stage = "/" + gateway.Stage;
        app.Map("/ws", static (HttpContext context, WebSocketEndpoint endpoint) => endpoint.HandleAsync(context));
        app.MapMethods(stage, ["GET"], static (HttpContext context, WebSocketEndpoint endpoint) => endpoint.HandleAsync(context));
        app.MapMethods(stage + "/@connections/{**connectionId}", ["POST", "GET", "DELETE"], static (HttpContext context, ConnectionsApi api) => api.HandleAsync(context));

        // Like the stack's page API ($default route): everything else goes to the page function, which answers 404 or 405 itself.
        app.MapFallback("{**path}", static (HttpContext context, PageEndpoint page) => page.HandleAsync(context));
        return app;
    }

    /// <summary>
    /// The page function's options: the page connects to this gateway's <c>/{stage}</c> as it connects to the
    /// stage on AWS (<c>ChatRoom:Page:WebSocketUrl</c> overrides it; empty means <c>/ws</c>), and is told whether the
    /// function checks tokens, as the template tells it.
    /// </summary>
    private static PageOptions PageOptionsFor(ConfigurationManager configuration, LocalGatewayOptions gateway)
    {
        var options = PageOptions.FromConfiguration(configuration);
        if (configuration[PageOptions.SectionName + ":" + nameof(PageOptions.WebSocketUrl)] is null)
        {
            options.WebSocketUrl = "/" + gateway.Stage;
        }

        var chatSection = configuration.GetSection(ChatRoomOptions.SectionName);
        options.Tokens = JwtSettings.TokensEnabled(chatSection);
        options.TokenRequired = JwtSettings.TokenRequired(chatSection);
        return options;
    }
}
