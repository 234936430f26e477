using System.CommandLine;
using Aurae.Serve.Configuration;
using Aurae.Serve.Enrollment;
using Aurae.Serve.Groups;

namespace Aurae.Compose.Commands;

/// <summary>`aurae-compose approve serve.yaml [MAC...]`: lists machines waiting to enroll, or approves them.</summary>
internal static class ApproveCommand
{
    public static Command Create(TextWriter output)
    {
        var serveYaml = new Argument<string>("serve.yaml") { Description = "The serve.yaml of the running serve (its state directory holds approvals)." };
        var macs = new Argument<string[]>("mac") { Description = "MAC addresses of machines waiting to enroll.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("approve",
            "Approve machines waiting to enroll with `aurae-compose serve` (those no group names by MAC); with no MAC, list them.") { serveYaml, macs };
        command.SetAction(parse =>
        {
            var config = ServeConfigLoader.Load(parse.GetValue(serveYaml)!);
            var approvals = new ApprovalDirectory(config.StateDirectory);
            var given = parse.GetValue(macs) ?? [];
            if (given.Length == 0)
            {
                foreach (var pending in approvals.Pending())
                    output.WriteLine($"waiting: {pending}");
                return 0;
            }
            foreach (var text in given)
            {
                var mac = MacAddressText.Normalize(text) ?? throw new FormatException($"'{text}' is not a MAC address");
                approvals.Approve(mac, TimeProvider.System.GetUtcNow());
                output.WriteLine($"approved {mac}: it enrolls as {EnrollmentDesk.DefaultName(mac)} at its next attempt");
            }
            return 0;
        });
        return command;
    }
}
