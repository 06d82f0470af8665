
namespace ChatRoom.Samples.AspNetCore;

/// <summary>
/// The composition root: the chat engine with the in-memory adapter, ASP.NET Core JwtBearer authentication when <c>ChatRoom:Jwt:SigningKey</c>
/// is set, the page, <c>/ws</c> (<c>MapChatRoom</c>, with its options from the <c>ChatRoom</c> section), <c>/config</c>
/// (whether tokens are required, the page's keep-alive) and <c>/healthz</c>.
/// </summary>
public static class SampleApp
{
    /// <summary>Builds the app; configuration comes from appsettings.json, environment variables (<c>ChatRoom__…</c>) and the command line.</summary>
    /// <param name="args">Command-line arguments, e.g. <c>--urls http://127.0.0.1:0</c>.</param>
    /// <param name="configureServices">
    /// Runs after the chat services are registered, so it can replace them (e.g. an <c>IChatAuthorizer</c>); tests use it.
    /// </param>
    /// <returns>The app, ready to run.</returns>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });

        var chatSection = builder.Configuration.GetSection(ChatRoomOptions.SectionName);
        var chat = builder.Services.AddChatRoom(chatSection).AddInMemory(chatSection);
        var storage = StorageChoice.From(chatSection);
        if (storage.Storage == SampleStorage.DynamoDb)
        {
            // Connections and history in DynamoDB; frames go to this process's sockets, or through Redis to every node's.
            // The table is created (when asked) before the DynamoDB adapter's node check claims it.
            builder.Services.AddHostedService<DynamoDbTableInitializer>();
            chat.AddDynamoDb(chatSection);
            if (storage.RedisBackplane)
            {
                chat.AddRedisBackplane(chatSection);
            }
        }
        else if (storage.Storage == SampleStorage.Redis)
        {
            // Everything in Redis: any number of nodes on one Redis serve one chat.
            chat.AddRedis(chatSection);
        }

        // A signing key turns on JwtBearer authentication; without one the chat stays anonymous (said in the log at start-up).
        var jwt = chatSection.GetSection(JwtOptions.SectionName).Get<JwtOptions>() ?? new JwtOptions();
        var authMode = AuthMode.From(jwt);
        if (authMode.Tokens)
        {
            TokenAuthentication.Add(builder.Services, chatSection, authMode);
        }

        builder.Services.AddSingleton(authMode);
        builder.Services.AddHealthChecks().AddChatRoomHealthChecks();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        LogAuthMode(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SampleApp)), authMode);
        app.Use(static (context, next) =>
        {
            // Defence in depth for the page: scripts only from this origin, sockets only back to it.
            context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; object-src 'none'; base-uri 'none'";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return next(context);
        });
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapHealthChecks("/healthz");
        var pageConfig = PageConfig.From(authMode);
        app.MapGet("/config", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(pageConfig);
        });
        app.MapChatRoom("/ws", endpoint => TokenAuthentication.UseTokenClaims(endpoint, jwt));
        return app;
    }

    private static void LogAuthMode(ILogger logger, AuthMode mode)
    {
        if (!mode.Tokens)
        {
            SampleLog.AnonymousMode(logger);
        }
        else
        {
            SampleLog.TokenMode(logger, mode.TokenRequired ? "refused" : "allowed");
        }
    }
}
