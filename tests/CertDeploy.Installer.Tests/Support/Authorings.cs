using CertDeploy.Installer.Tests.Authoring;

namespace CertDeploy.Installer.Tests.Support;

/// <summary>The repository's authoring, read once, and the paths tests break copies of.</summary>
public static class Authorings
{
    public const string Deployment = "installer/CertDeploy.Deployment.wxs";
    public const string Dialog = "installer/CertDeploy.Dialog.wxs";
    public const string Package = "installer/CertDeploy.Package.wxs";
    public const string English = "installer/CertDeploy.en-US.wxl";
    public const string Norwegian = "installer/CertDeploy.nb-NO.wxl";
    public const string Actions = "customactions/CertDeploy.CustomActions/CertDeployActions.cs";

    public static AuthoringSet Real { get; } = AuthoringSet.Load(RepositoryFolders.Root);
}
