package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"trawl/internal/auth"
	"trawl/internal/iam"
)

// iamCmd manages users, access keys and policies in the data dir.
func iamCmd() *cobra.Command {
	root := &cobra.Command{Use: "iam", Short: "manage the API's users, access keys and policies"}
	withStore := func(run func(cmd *cobra.Command, s *iam.Store, args []string) (any, error)) func(*cobra.Command, []string) error {
		return func(cmd *cobra.Command, args []string) error {
			eng, closeEng, err := openEngine(cmd)
			if err != nil {
				return err
			}
			defer closeEng()
			s := iam.New(eng.Catalog.DB())
			if _, err := s.EnsureAccount(cmd.Context(), ""); err != nil {
				return err
			}
			out, err := run(cmd, s, args)
			if err != nil || out == nil {
				return err
			}
			enc := json.NewEncoder(cmd.OutOrStdout())
			enc.SetIndent("", "    ")
			return enc.Encode(out)
		}
	}
	user := func(u *iam.User) map[string]any {
		return map[string]any{"UserName": u.Name, "UserId": u.UserID, "Arn": u.ARN, "Path": "/", "CreateDate": u.Created.Format("2006-01-02T15:04:05Z")}
	}
	root.AddCommand(&cobra.Command{
		Use: "create-user NAME", Short: "create an IAM user", Args: cobra.ExactArgs(1),
		RunE: withStore(func(cmd *cobra.Command, s *iam.Store, args []string) (any, error) {
			u, err := s.CreateUser(cmd.Context(), args[0])
			if err != nil {
				return nil, err
			}
			return map[string]any{"User": user(u)}, nil
		}),
	}, &cobra.Command{
		Use: "list-users", Short: "list the IAM users", Args: cobra.NoArgs,
		RunE: withStore(func(cmd *cobra.Command, s *iam.Store, args []string) (any, error) {
			us, err := s.ListUsers(cmd.Context())
			if err != nil {
				return nil, err
			}
			out := []map[string]any{}
			for i := range us {
				out = append(out, user(&us[i]))
			}
			return map[string]any{"Users": out}, nil
		}),
	}, &cobra.Command{
		Use: "create-access-key NAME", Short: "create an access key for a user (prints the secret once)", Args: cobra.ExactArgs(1),
		RunE: withStore(func(cmd *cobra.Command, s *iam.Store, args []string) (any, error) {
			k, err := s.CreateAccessKey(cmd.Context(), args[0])
			if err != nil {
				return nil, err
			}
			return map[string]any{"AccessKey": map[string]any{"UserName": k.UserName, "AccessKeyId": k.AccessKeyID,
				"SecretAccessKey": k.SecretAccessKey, "Status": k.Status, "CreateDate": k.Created.Format("2006-01-02T15:04:05Z")}}, nil
		}),
	}, &cobra.Command{
		Use: "delete-access-key NAME ACCESS_KEY_ID", Short: "delete a user's access key", Args: cobra.ExactArgs(2),
		RunE: withStore(func(cmd *cobra.Command, s *iam.Store, args []string) (any, error) {
			return nil, s.DeleteAccessKey(cmd.Context(), args[0], args[1])
		}),
	}, &cobra.Command{
		Use: "put-user-policy NAME POLICY.json", Short: "attach an inline IAM policy to a user", Args: cobra.ExactArgs(2),
		RunE: withStore(func(cmd *cobra.Command, s *iam.Store, args []string) (any, error) {
			doc, err := os.ReadFile(args[1])
			if err != nil {
				return nil, err
			}
			if _, err := auth.ParsePolicy(doc); err != nil {
				return nil, fmt.Errorf("%s: %w", args[1], err)
			}
			name, _ := cmd.Flags().GetString("policy-name")
			if name == "" {
				name = strings.TrimSuffix(filepath.Base(args[1]), filepath.Ext(args[1]))
			}
			return nil, s.PutUserPolicy(cmd.Context(), args[0], name, string(doc))
		}),
	})
	for _, c := range root.Commands() {
		if strings.HasPrefix(c.Use, "put-user-policy") {
			c.Flags().String("policy-name", "", "the policy's name (default: the file's base name)")
		}
	}
	return root
}
