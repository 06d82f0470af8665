using ChatRoom;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddChatRoom().AddInMemory();

var app = builder.Build();
app.MapChatRoom("/ws");
app.Run();
