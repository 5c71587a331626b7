// A bare ASP.NET Core app with one endpoint: what starting any web app costs on this machine (the bench's cold-start floor).
var app = WebApplication.CreateBuilder(args).Build();
app.MapMethods("/", ["GET", "POST"], () => Results.Text("ok"));
app.Run();
