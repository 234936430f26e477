using Aurae.Api.Artifacts.V0;

namespace Aurae.Cli.Apply;

/// <summary>An image archive, hashed, with the config digest that is the image's identity on a node.</summary>
internal sealed record ImageContent(DeclaredImage Declared, PushHeader Header, string ConfigDigest);
