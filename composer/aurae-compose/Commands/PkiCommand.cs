using System.CommandLine;
using Aurae.Composer.Pki;
using Aurae.Composer.Pki.SecureBoot;

namespace Aurae.Compose.Commands;

/// <summary>`aurae-compose pki init DIR`: the CA, the operator's client certificate and config, node and client certificates.</summary>
internal static class PkiCommand
{
    public static Command Create(TextWriter output)
    {
        var directory = new Argument<string>("dir") { Description = "The PKI directory." };
        var nodes = new Option<string[]>("--node")
        {
            Description = "A node certificate to issue: NAME[=ADDR[,ADDR...]] (repeatable).",
            AllowMultipleArgumentsPerToken = false,
        };
        var clients = new Option<string[]>("--client")
        {
            Description = "A client certificate to issue: NAME[:ROLE], ROLE admin or reader, default admin (repeatable).",
            AllowMultipleArgumentsPerToken = false,
        };
        var init = new Command("init",
            "Create a CA, an operator (admin) client certificate, node server certificates and named client certificates; " +
            "an existing CA is kept and only missing certificates are added.") { directory, nodes, clients };
        init.SetAction(parse =>
        {
            // Every spec is parsed before anything is written: a bad one leaves the directory untouched.
            var identities = (parse.GetValue(nodes) ?? []).Select(NodeIdentity.Parse).ToList();
            var subjects = (parse.GetValue(clients) ?? []).Select(ClientSubject.Parse).ToList();
            var result = PkiInitializer.Init(parse.GetValue(directory)!, identities, subjects);
            foreach (var created in result.Created)
                output.WriteLine($"created {created}");
            foreach (var kept in result.Kept)
                output.WriteLine($"kept {kept}");
            foreach (var warning in result.Warnings)
                output.WriteLine($"warning: {warning}");
            var (configPath, written) = OperatorClientConfig.WriteIfAbsent(parse.GetValue(directory)!, identities);
            output.WriteLine(written ? $"created {configPath} (use it with AURAECONFIG={configPath} aurae …)" : $"kept {configPath}");
            return 0;
        });
        var pki = new Command("pki", "Manage the certificates nodes and operators use for mutual TLS, and Secure Boot keys.");
        pki.Subcommands.Add(init);
        pki.Subcommands.Add(CreateSecureBoot(output));
        return pki;
    }

    /// <summary>`aurae-compose pki secureboot init DIR`: PK, KEK and db with what firmware enrollment needs.</summary>
    private static Command CreateSecureBoot(TextWriter output)
    {
        var directory = new Argument<string>("dir") { Description = "Where the keys go (created; existing key files are never replaced)." };
        var owner = new Option<string>("--owner") { Description = "The name in the certificates' subjects.", DefaultValueFactory = _ => "Aurae" };
        var init = new Command("init",
            "Create a Secure Boot platform key (PK), key exchange key (KEK) and signature database key (db): " +
            "NAME.key, NAME.crt, NAME.esl (EFI signature list) and NAME.auth (signed update for a firmware in setup mode).")
            { directory, owner };
        init.SetAction(parse =>
        {
            foreach (var created in SecureBootKeys.Init(parse.GetValue(directory)!, parse.GetValue(owner)!, TimeProvider.System))
                output.WriteLine($"created {created}");
            output.WriteLine("enroll db.auth, KEK.auth, then PK.auth (setup mode); sign UKIs with db.key and db.crt");
            return 0;
        });
        var secureboot = new Command("secureboot", "Secure Boot keys for signing node images.");
        secureboot.Subcommands.Add(init);
        return secureboot;
    }
}
