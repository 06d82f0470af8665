using ChatRoom.Samples.Lambda;

namespace ChatRoom.Samples.LocalGateway;

/// <summary>
/// The local API Gateway WebSocket gateway: WebSocket clients at <c>/{stage}</c> (and <c>/ws</c> for the chat page),
/// the <c>@connections</c> management API, the chat page, and the Lambda sample invoked in-process on dynalite.
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
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.Use(static (context, next) =>
        {
            context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; object-src 'none'; base-uri 'none'";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return next(context);
        });
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });

        // The page asks whether to show its token field; the function checks tokens when ChatRoom:Jwt:SigningKey is set.
        var chatSection = builder.Configuration.GetSection(ChatRoomOptions.SectionName);
        var auth = new { tokens = JwtSettings.TokensEnabled(chatSection), tokenRequired = JwtSettings.TokenRequired(chatSection) };
        app.MapGet("/auth", () => Results.Json(auth));

        var stage = "/" + gateway.Stage;
        app.Map("/ws", static (HttpContext context, WebSocketEndpoint endpoint) => endpoint.HandleAsync(context));
        app.MapMethods(stage, ["GET"], static (HttpContext context, WebSocketEndpoint endpoint) => endpoint.HandleAsync(context));
        app.MapMethods(stage + "/@connections/{**connectionId}", ["POST", "GET", "DELETE"], static (HttpContext context, ConnectionsApi api) => api.HandleAsync(context));
        return app;
    }
}
