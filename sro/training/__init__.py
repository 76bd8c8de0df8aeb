"""Training and policy-review compliance (Minn. Stat. 626.8482 subd. 3; policy 436.8, 436.9)."""
